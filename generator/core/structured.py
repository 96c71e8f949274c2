"""schema.org JSON-LD for search engines and link previews.

Built as plain dicts here and serialised into each page's metadata; the theme
override prints them in a ``<script type="application/ld+json">``. Every page
names the same organisation by one ``@id``, so search engines see one agency,
not one per page; phones are in international form, as schema.org asks.
"""

from __future__ import annotations

from typing import Any

from .content import Content
from .site import Site

DAYS = {"mo": "Monday", "tu": "Tuesday", "we": "Wednesday", "th": "Thursday",
        "fr": "Friday", "sa": "Saturday", "su": "Sunday"}
# The theme's share image (overrides/assets/images/), for a site without a logo or an item without an image.
SHARE_IMAGE = "assets/images/chia-se.png"


def international(phone: str) -> str:
    """"0213 3800 100" as "+84 213 3800 100": national numbers lose the trunk 0 behind Vietnam's +84."""
    phone = phone.strip()
    if phone.startswith("+"):
        return phone
    return "+84 " + phone.removeprefix("0")


def area(site: Site) -> dict[str, Any]:
    return {"@type": "AdministrativeArea", "name": site.province, "containedInPlace": {"@type": "Country",
                                                                                        "name": "Việt Nam"}}


def organization_ref(content: Content) -> dict[str, Any]:
    """The agency as other items name it: its ``@id``, name and logo."""
    site = content.site
    return {"@type": "GovernmentOrganization", "@id": f"{site.base_url}#co-quan", "name": site.name,
            "logo": {"@type": "ImageObject", "url": f"{site.base_url}{site.logo or SHARE_IMAGE}"}}


def organization(content: Content) -> dict[str, Any]:
    """GovernmentOrganization with its main hotline (and its structure, ``shared["organisation"]``), on every page."""
    site = content.site
    org: dict[str, Any] = {
        "@context": "https://schema.org",
        **organization_ref(content),
        "url": str(site.base_url),
        "address": {"@type": "PostalAddress", "streetAddress": site.address,
                    "addressRegion": site.province, "addressCountry": "VN"},
        "areaServed": area(site),
        "telephone": international(site.phone),
        "email": site.email,
        "contactPoint": content.main_hotline.model.contact_point(),
    }
    if site.parent:
        org["parentOrganization"] = {"@type": "GovernmentOrganization", "name": site.parent}
    # its units, leaders, contact officials, hours and languages, where the content describes them (organisation.yml)
    org.update(content.shared.get("organisation", {}).get("jsonld", {}))
    return org
