"""The NHS number's check digit: one rule for the front door, the forms and record linkage.

Plain Python with no Django import, so linkage can use it outside a configured project."""


def nhs_number_is_valid(number: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine (weights 10 to 2)."""
    if len(number) != 10 or not number.isdigit():
        return False
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(number[:9])) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(number[9])
