# Moved to ecoorigin.validators (regions' organisations take a credit code too); the enterprise
# model, its registration service and the migrations that name it still import it from here.
from ecoorigin.validators import validate_uscc

__all__ = ["validate_uscc"]
