def current_person(request):
    return {"person": getattr(request, "person", None)}
