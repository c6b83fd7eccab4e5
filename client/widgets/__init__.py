"""Qt widgets and style shared by the kiosk, the operator console and the board."""
