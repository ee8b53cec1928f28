// KerioSIEMCommands
