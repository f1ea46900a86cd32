"""What the app draws, as plain data: decimated scene columns, map cells, colours, math text.

NumPy and the engine only, no drawing library: the Bokeh plots, the Matplotlib exports and
the CLI's figures all read from here.
"""
