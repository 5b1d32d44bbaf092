"""The console's pages by feature; each module adds its routes with `add_routes(blueprint)`."""
