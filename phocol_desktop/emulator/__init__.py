"""The virtual Phocol printer: a pure state machine fed host bytes; prints onto a paper image."""
