"""Importing legacy minutes: readers per format (`readers`), one parser of the minutes'
structure (`parse`), and the change it makes to the board (`apply`)."""
