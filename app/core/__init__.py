"""The ground floor: coded values and their labels, text folding and locales, JSON, photo
storage and the error envelope. Imports nothing of the app but `app.extensions`."""
