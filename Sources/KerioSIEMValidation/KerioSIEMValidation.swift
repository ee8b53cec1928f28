// KerioSIEMValidation
