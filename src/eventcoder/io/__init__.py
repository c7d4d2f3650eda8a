"""Reading inputs (text, HTML, JSONL) and writing outputs (the wire format)."""
