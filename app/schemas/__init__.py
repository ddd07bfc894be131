"""marshmallow schemas: the sync contract's request and record shapes (the OpenAPI document)."""
