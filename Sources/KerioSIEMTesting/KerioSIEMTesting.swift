// KerioSIEMTesting
