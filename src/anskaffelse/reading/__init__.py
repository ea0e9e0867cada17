"""Reading input files: YAML with positions, JSON Schema checks, the library's source files."""
