"""A supervisor's decisions on checks and events: approve, return, mark reviewed."""
