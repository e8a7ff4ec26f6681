"""Running the app on more than one process: `python -m deploy.replicas` and nginx.conf."""
