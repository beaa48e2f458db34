"""Observatoire : indicateurs publics par commune, offre et activité agrégées, observations de terrain."""
