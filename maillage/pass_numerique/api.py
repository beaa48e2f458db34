from ninja import Router

router = Router(tags=["pass_numerique"])
