"""Views of the training app: public pages, the participant's token pages, the representative's
area and the staff pages. Thin: permission lookup, form, one service call, redirect or render."""
