"""xAPI output: activity IRIs and catalogue, statements (tincan + strict validation), simulate, package checks."""
