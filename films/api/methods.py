from rest_framework import exceptions


class UnsupportedMethodFirst:
    """A method the endpoint does not have (TRACE, PATCH on a list) is a 405 before anything
    else: DRF would otherwise ask an anonymous caller to authenticate first (401)."""

    def initial(self, request, *args, **kwargs):
        if request.method not in self.allowed_methods:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
