"""REST API routers (mounted under /api by `web.app`)."""
