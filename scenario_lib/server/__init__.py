"""The atelier's web server: Voilà, locked to this computer, with a bounded number of kernels (see `app`)."""
