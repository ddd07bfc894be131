"""Serving the field app (pwa/): its pages and service worker, its precache list (shell) and
its generated coded values (codes)."""
