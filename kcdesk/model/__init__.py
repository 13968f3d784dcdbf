"""Pure values and maths of KC Desk: no Qt, no file or network I/O, no clock."""
