from django.core.exceptions import ValidationError


class ReferralError(ValidationError):
    """A referral or decision that cannot be saved, with a message per field."""
