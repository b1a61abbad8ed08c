"""Tools of the repository that the installed package does not ship (the sample generator)."""
