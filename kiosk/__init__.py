"""The touchscreen kiosk where visitors take their tickets."""
