"""The field checks journeys use; they live in ``kiosk.forms.fields`` (the hub uses them too)."""

from kiosk.forms.fields import (  # noqa: F401 - re-exported for the journeys
    MAX_ADDRESS,
    MAX_OCCUPATION,
    FieldInvalid,
    account_number,
    address,
    amount,
    comparable_name,
    mobile_number,
    names_match,
    occupation,
    positive_int,
)
