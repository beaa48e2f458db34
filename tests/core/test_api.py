class TestCommunesAutocomplete:
    def test_public_and_accent_insensitive(self, client, communes_49):
        response = client.get("/api/v1/communes", {"q": "ponts de ce"})
        assert response.status_code == 200
        data = response.json()
        assert data[0]["code_insee"] == "49246"
        assert data[0]["label"] == "Les Ponts-de-Cé (49130)"
        assert data[0]["latitude"] is not None

    def test_postal_code(self, client, communes_49):
        data = client.get("/api/v1/communes", {"q": "49100"}).json()
        # 49100 est un code postal d'Angers et le code INSEE de Cizay-la-Madeleine : un code postal complet ne
        # propose que ses communes (issue 10, point 8) ; le code INSEE seul retrouve toujours la sienne.
        assert [c["nom"] for c in data] == ["Angers"]
        assert [c["nom"] for c in client.get("/api/v1/communes", {"q": "49007"}).json()] == ["Angers"]

    def test_limit_and_departement(self, client, communes_49):
        data = client.get("/api/v1/communes", {"q": "saint", "limit": 3, "departement": "49"}).json()
        assert len(data) == 3
        assert all(c["departement"] == "49" for c in data)

    def test_out_of_range_limit_is_422_with_reason(self, client):
        response = client.get("/api/v1/communes", {"q": "a", "limit": 500})
        assert response.status_code == 422
        assert "limit" in response.content.decode()

    def test_missing_query_is_422(self, client):
        assert client.get("/api/v1/communes").status_code == 422

    def test_openapi_is_served(self, client):
        response = client.get("/api/v1/openapi.json")
        assert response.status_code == 200
        assert "/api/v1/communes" in response.json()["paths"]


def test_public_read_routes_skip_the_per_request_transaction():
    from django.urls import resolve

    assert resolve("/api/v1/lieux").func._non_atomic_requests == {"default"}
    assert resolve("/api/v1/communes").func._non_atomic_requests == {"default"}
    assert resolve("/lieux/").func._non_atomic_requests == {"default"}
    assert not getattr(resolve("/api/v1/pass/encaissements").func, "_non_atomic_requests", set())
