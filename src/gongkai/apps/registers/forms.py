"""Entry forms of the 第二十条 registers (one ModelForm per register)."""

from __future__ import annotations

from django import forms

from gongkai.apps.dates import bound_date_fields

from .models import Decision, FeeIncome, ProcurementProject, RegulatoryDocument, ServiceMatter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _RegisterForm(forms.ModelForm):
    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE
            elif isinstance(field, forms.ModelChoiceField):
                field.empty_label = "请选择"
            elif isinstance(field, forms.ChoiceField):
                # Django's blank choice is "---------"; pages speak Chinese.
                field.choices = [("", "请选择") if value == "" else (value, label) for value, label in field.choices]
        bound_date_fields(self)
        if "matter" in self.fields:
            qs = ServiceMatter.objects.filter(organization=organization)
            if self._meta.model is FeeIncome:
                qs = qs.filter(kind="fees")
            self.fields["matter"].queryset = qs
            self.fields["matter"].required = False

    def _post_clean(self):
        # The organization is set by the service; model validation runs there, with Chinese messages.
        self.instance.organization = self.organization
        super()._post_clean()


class RegulatoryDocumentForm(_RegisterForm):
    class Meta:
        model = RegulatoryDocument
        fields = ["kind", "title", "document_number", "made_on", "published_on", "repealed_on", "note"]


class ServiceMatterForm(_RegisterForm):
    class Meta:
        model = ServiceMatter
        fields = ["kind", "name", "basis", "standard", "listed_on", "delisted_on"]
        widgets = {"basis": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(_RegisterForm):
    class Meta:
        model = Decision
        fields = ["kind", "matter", "decided_on", "quantity", "document_number", "summary"]


class FeeIncomeForm(_RegisterForm):
    class Meta:
        model = FeeIncome
        fields = ["matter", "received_on", "amount", "note"]


class ProcurementProjectForm(_RegisterForm):
    class Meta:
        model = ProcurementProject
        fields = ["name", "project_number", "procured_on", "amount", "supplier", "note"]


FORMS = {
    "documents": RegulatoryDocumentForm,
    "matters": ServiceMatterForm,
    "decisions": DecisionForm,
    "fees": FeeIncomeForm,
    "procurement": ProcurementProjectForm,
}
