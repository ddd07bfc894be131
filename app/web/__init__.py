"""The request's frame: session cookies, security headers, the one commit per request,
health probes and request logs, and static files served precompressed."""
