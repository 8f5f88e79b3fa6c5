"""bulletin: Chinese bulletins -> tables of figures, entities and claims."""
