// Phone and account numbers (Qt.ImhDigitsOnly): digits only.
Keypad {}
