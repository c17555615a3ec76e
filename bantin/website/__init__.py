"""The Site: documents resolved into pages, links, listings, navigation, translations, images."""
