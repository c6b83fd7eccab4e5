"""The hall board: who is called to which desk, drawn from the server's content and spoken."""
