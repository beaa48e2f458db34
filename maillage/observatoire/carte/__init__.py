"""Carte choroplèthe d'un indicateur (contours simplifiés des communes, mis en cache) et son tableau jumeau."""
