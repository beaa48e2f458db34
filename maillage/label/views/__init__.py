"""Pages du label : une par public (aidant, pairs, commission, carte du territoire)."""
