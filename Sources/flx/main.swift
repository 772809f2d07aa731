print("flx")
