"""Strings of the region picker (:mod:`ui.pickers`), part of the catalogue :data:`texts.TEXT`."""

TEXT: dict[str, tuple[str, str]] = {
    "pk_city": ("城市", "City"),
    "pk_all_cities": ("全部城市", "All cities"),
}
