"""Recognition on arrival: opted-in customers' face templates, matched on the attract screen."""
