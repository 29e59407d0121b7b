"""csrledger: a ledger of corporate social investments in Kazakhstan, from news in ru/en/kk."""
__version__ = "0.1.0"
