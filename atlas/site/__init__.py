"""Step 5, the site: the MkDocs run with the atlas's data-carrying plugins, case pages placed into
Material's layout, the link check of the built HTML, and atomic publishing into site/."""
