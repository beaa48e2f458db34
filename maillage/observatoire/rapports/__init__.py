"""Rapports de l'observatoire : rapport mensuel (PDF, CSV, XLSX), vue des élus et partenaires, données ouvertes."""
