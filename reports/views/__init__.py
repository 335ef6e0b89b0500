"""Views of the reports app: public report pages and open data, initiatives, the publishing desk."""
