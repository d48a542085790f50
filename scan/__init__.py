"""scan/: batch review of document archives — discover files (folders, zips), review each unique file once in a
worker backend (serial, process pool, Dask), record every result in one SQLite file, resume after a kill."""
