"""The ground floor: coded values and their labels, text folding and locales, JSON, photo
storage, the error envelope, record ids (UUIDv7) and the Prometheus metrics. Imports nothing
of the app but `app.extensions`."""
