"""Kazakhstan gazetteer and place resolution as of a date."""
