"""The Bokeh figures and their in-browser player (``player.js``), shared by the served app
and the offline HTML export. Imports neither Panel nor param."""
