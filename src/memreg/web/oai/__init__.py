"""OAI-PMH 2.0 at /oai."""
