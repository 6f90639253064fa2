"""Cases (办件): intake online or at a window, the lifecycle, deadlines, results (licences),
notifications and ratings (好差评)."""
