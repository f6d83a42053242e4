import type { TAutomationCreate } from '../schemas/automation.ts';

/** The demo workspace's touchpoints and survey that its automations name. */
export interface DemoAutomationRefs {
  /** "Order confirmation and thank-you email". */
  orderConfirmationId: string;
  /** "Post-delivery survey" and its CSAT survey. */
  postDeliveryId: string;
  postDeliverySurveyId: string;
  /** "Support chat". */
  supportChatId: string;
}

/**
 * Three automations for the demo workspace: a thank-you email an hour after the order
 * confirmation (in business hours), a follow-up task for every dissatisfied post-delivery answer
 * (CSAT 1 or 2), and a webhook to a helpdesk for each new support chat. The webhook points at a
 * placeholder address, so it is created switched off: set its URL and switch it on. The email
 * needs an SMTP server (`--smtp-url`); without one its steps go to the dead letters, saying so.
 */
export function demoAutomations(refs: DemoAutomationRefs): TAutomationCreate[] {
  return [
    {
      name: 'Thank-you email after purchase',
      description: 'An hour after the order confirmation page, within business hours.',
      enabled: true,
      trigger: {
        type: 'event',
        touchpointId: refs.orderConfirmationId,
        event: 'Order confirmation',
      },
      steps: [
        { type: 'wait', duration: { amount: 1, unit: 'hours' }, businessHours: true },
        {
          type: 'email',
          subject: 'Thank you for your order, {{traits.firstName}}',
          text:
            'Hi {{traits.firstName}},\n\nthank you for shopping with us. We will let you know as ' +
            'soon as your parcel is on its way.\n\nThe outdoor shop team',
          html:
            '<p>Hi {{traits.firstName}},</p><p>thank you for shopping with us. We will let you ' +
            'know as soon as your parcel is on its way.</p><p>The outdoor shop team</p>',
        },
        { type: 'add_tag', tag: 'thanked' },
      ],
    },
    {
      name: 'Detractor follow-up',
      description: 'A call-back task for every post-delivery CSAT answer of 1 or 2.',
      enabled: true,
      trigger: {
        type: 'survey_response',
        surveyId: refs.postDeliverySurveyId,
        op: 'lte',
        value: 2,
      },
      steps: [
        {
          type: 'task',
          touchpointId: refs.postDeliveryId,
          title: 'Call back {{traits.name}} (CSAT {{event.properties.score}})',
          description: 'Their comment: {{event.properties.answers.comment}}',
          dueInDays: 2,
        },
      ],
    },
    {
      name: 'Support chat to helpdesk',
      description: 'Opens a helpdesk ticket for each new chat. Set the URL, then switch it on.',
      enabled: false,
      trigger: {
        type: 'event',
        touchpointId: refs.supportChatId,
        event: 'Live Chat Conversation Started',
      },
      steps: [
        {
          type: 'webhook',
          url: 'https://helpdesk.example.com/hooks/waymark',
          body: {
            customer: '{{customer.id}}',
            email: '{{customer.email}}',
            conversation: '{{event.properties}}',
            startedAt: '{{event.timestamp}}',
          },
        },
      ],
    },
  ];
}
