-- Default rows of the SHARED database. Every insert is idempotent (on conflict do nothing).

-- Notification templates -------------------------------------------------------------------------

insert into notification_templates (code, name, category, channel, subject, body, variables) values
    ('user.welcome', 'Bienvenue', 'utilisateur', 'email',
     'Bienvenue sur TopSteel ERP',
     'Bonjour {{prenom}}, votre compte {{email}} est prêt. Connectez-vous sur {{lien}}.',
     '["prenom", "email", "lien"]'),
    ('user.password_reset', 'Réinitialisation du mot de passe', 'utilisateur', 'email',
     'Réinitialisation de votre mot de passe',
     'Bonjour {{prenom}}, suivez ce lien pour choisir un nouveau mot de passe : {{lien}}. Il expire dans {{duree}} minutes.',
     '["prenom", "lien", "duree"]'),
    ('societe.provisioned', 'Société créée', 'system', 'in_app',
     'Société {{nom}} créée',
     'La société {{nom}} ({{code}}) et sa base de données sont prêtes.',
     '["nom", "code"]'),
    ('stock.low', 'Stock bas', 'stock', 'in_app',
     'Stock bas : {{materiau}}',
     'Le stock de {{materiau}} sur le site {{site}} est passé sous le seuil d''alerte ({{quantite}} / {{seuil}}).',
     '["materiau", "site", "quantite", "seuil"]'),
    ('projet.milestone', 'Jalon de projet atteint', 'projet', 'in_app',
     'Jalon atteint : {{projet}}',
     'Le projet {{projet}} a atteint le jalon « {{jalon}} ».',
     '["projet", "jalon"]'),
    ('production.order_late', 'Ordre de fabrication en retard', 'production', 'push',
     'OF {{numero}} en retard',
     'L''ordre de fabrication {{numero}} devait être terminé le {{date}}.',
     '["numero", "date"]'),
    ('maintenance.due', 'Maintenance à prévoir', 'maintenance', 'in_app',
     'Maintenance : {{equipement}}',
     'La maintenance de {{equipement}} est prévue le {{date}}.',
     '["equipement", "date"]'),
    ('invoice.overdue', 'Facture échue', 'facturation', 'email',
     'Facture {{numero}} échue',
     'La facture {{numero}} de {{client}} ({{montant}}) est échue depuis le {{date}}.',
     '["numero", "client", "montant", "date"]'),
    ('backup.failed', 'Échec de sauvegarde', 'sauvegarde', 'email',
     'Échec de la sauvegarde de {{base}}',
     'La sauvegarde de la base {{base}} a échoué le {{date}} : {{erreur}}',
     '["base", "date", "erreur"]'),
    ('security.alert', 'Alerte de sécurité', 'system', 'email',
     'Alerte de sécurité sur votre compte',
     'Une activité inhabituelle a été détectée sur votre compte ({{evenement}}) depuis {{adresse}} le {{date}}.',
     '["evenement", "adresse", "date"]')
on conflict do nothing;

-- Notification rules -----------------------------------------------------------------------------

insert into notification_rules (code, name, event_type, template_id, conditions)
select rule.code, rule.name, rule.event_type, t.id, rule.conditions::jsonb
from (values
    ('welcome-new-user', 'Accueil des nouveaux utilisateurs', 'user.created', 'user.welcome', '{}'),
    ('password-reset-requested', 'Demande de réinitialisation', 'user.password_reset_requested', 'user.password_reset', '{}'),
    ('societe-provisioned', 'Société prête', 'societe.provisioned', 'societe.provisioned', '{}'),
    ('stock-below-threshold', 'Stock sous le seuil', 'stock.updated', 'stock.low', '{"belowThreshold": true}'),
    ('production-order-late', 'OF en retard', 'production.order_checked', 'production.order_late', '{"late": true}'),
    ('backup-failed', 'Sauvegarde en échec', 'backup.completed', 'backup.failed', '{"status": "FAILED"}'),
    ('security-alert', 'Alerte de sécurité', 'security.suspicious_activity', 'security.alert', '{}')
) as rule (code, name, event_type, template_code, conditions)
join notification_templates t on t.code = rule.template_code
on conflict do nothing;

-- Default menu -----------------------------------------------------------------------------------

insert into menu_configurations (code, name, description, is_default)
values ('default', 'Menu par défaut', 'Menu système de TopSteel ERP', true)
on conflict do nothing;

insert into menu_items (configuration_id, code, title, icon, route, order_index, permission)
select c.id, item.code, item.title, item.icon, item.route, item.order_index, item.permission
from (values
    ('dashboard',      'Tableau de bord',    'layout-dashboard', '/dashboard',     10,  null),
    ('clients',        'Clients',            'users',            '/clients',       20,  'clients.read'),
    ('fournisseurs',   'Fournisseurs',       'truck',            '/fournisseurs',  30,  'fournisseurs.read'),
    ('stocks',         'Matériaux / Stocks', 'package',          '/stocks',        40,  'stocks.read'),
    ('projets',        'Projets',            'folder-kanban',    '/projets',       50,  'projets.read'),
    ('production',     'Production',         'factory',          '/production',    60,  'production.read'),
    ('qualite',        'Qualité',            'badge-check',      '/qualite',       70,  'qualite.read'),
    ('facturation',    'Facturation',        'receipt',          '/facturation',   80,  'facturation.read'),
    ('query-builder',  'Query Builder',      'database',         '/query-builder', 90,  'query_builder.read'),
    ('administration', 'Administration',     'settings',         '/admin',         100, 'admin.access')
) as item (code, title, icon, route, order_index, permission)
cross join menu_configurations c
where c.code = 'default'
on conflict do nothing;

insert into menu_items (configuration_id, parent_id, code, title, icon, route, order_index, permission)
select c.id, parent.id, item.code, item.title, item.icon, item.route, item.order_index, item.permission
from (values
    ('admin-users',         'Utilisateurs',  'user-cog',           '/admin/users',         10, 'admin.users'),
    ('admin-societes',      'Sociétés',      'building-2',         '/admin/societes',      20, 'admin.societes'),
    ('admin-parameters',    'Paramètres',    'sliders-horizontal', '/admin/parameters',    30, 'admin.parameters'),
    ('admin-notifications', 'Notifications', 'bell',               '/admin/notifications', 40, 'admin.notifications')
) as item (code, title, icon, route, order_index, permission)
cross join menu_configurations c
join menu_items parent on parent.configuration_id = c.id and parent.code = 'administration'
where c.code = 'default'
on conflict do nothing;

-- Global system parameters -----------------------------------------------------------------------

insert into system_parameters (key, value, type, category, description, editable) values
    ('app_name',                'TopSteel ERP', 'string',  'general',   'Nom de l''application',                         true),
    ('default_language',        'fr',           'string',  'general',   'Langue par défaut',                             true),
    ('default_timezone',        'Europe/Paris', 'string',  'general',   'Fuseau horaire par défaut',                     true),
    ('default_currency',        'EUR',          'string',  'financial', 'Devise par défaut',                             true),
    ('default_date_format',     'DD/MM/YYYY',   'string',  'general',   'Format de date par défaut',                     true),
    ('session_timeout_minutes', '480',          'number',  'security',  'Durée maximale d''une session (minutes)',       true),
    ('password_min_length',     '8',            'number',  'security',  'Longueur minimale des mots de passe',           true),
    ('max_upload_size_mb',      '25',           'number',  'system',    'Taille maximale d''un fichier envoyé (Mo)',     true),
    ('maintenance_mode',        'false',        'boolean', 'system',    'Mode maintenance : seuls les administrateurs peuvent se connecter', true)
on conflict do nothing;

-- System settings --------------------------------------------------------------------------------

insert into system_settings (section, key, value, description) values
    ('security', 'password_policy',
     '{"minLength": 8, "requireUppercase": true, "requireLowercase": true, "requireDigit": true, "requireSpecial": true, "maxAgeDays": 90, "historySize": 5}',
     'Politique des mots de passe'),
    ('security', 'login_lockout',
     '{"maxAttempts": 5, "lockoutMinutes": 15}',
     'Verrouillage après échecs de connexion'),
    ('email', 'sender',
     '{"name": "TopSteel ERP", "address": "no-reply@topsteel.local", "replyTo": "support@topsteel.local"}',
     'Expéditeur des courriels'),
    ('notifications', 'defaults',
     '{"channels": {"email": true, "push": false, "in_app": true}, "digest": "none"}',
     'Canaux de notification par défaut')
on conflict do nothing;

-- Shared materials -------------------------------------------------------------------------------

insert into shared_materials (code, name, description, family, grade, density, standard) values
    ('S235JR', 'Acier S235JR', 'Acier de construction non allié',                 'ACIER',     '1.0038',     7.850, 'EN 10025-2'),
    ('S355J2', 'Acier S355J2', 'Acier de construction à haute limite élastique',  'ACIER',     '1.0577',     7.850, 'EN 10025-2'),
    ('304L',   'Inox 304L',    'Acier inoxydable austénitique bas carbone',       'INOX',      '1.4307',     7.900, 'EN 10088-2'),
    ('316L',   'Inox 316L',    'Acier inoxydable austénitique au molybdène',      'INOX',      '1.4404',     8.000, 'EN 10088-2'),
    ('6060',   'Aluminium 6060', 'Alliage d''aluminium pour profilés filés',      'ALUMINIUM', 'EN AW-6060', 2.700, 'EN 573-3'),
    ('CU-ETP', 'Cuivre Cu-ETP', 'Cuivre électrolytique affiné',                   'CUIVRE',    'CW004A',     8.940, 'EN 1652'),
    ('CUZN37', 'Laiton CuZn37', 'Laiton pour formage à froid',                    'LAITON',    'CW508L',     8.440, 'EN 1652')
on conflict do nothing;

-- Shared processes -------------------------------------------------------------------------------

insert into shared_processes (code, name, description, type, default_duration_minutes) values
    ('DECOUPE-LASER', 'Découpe laser',        'Découpe de tôles au laser',                 'DECOUPE',            30),
    ('SCIAGE',        'Sciage',               'Débit de profilés et tubes à la scie',      'DECOUPE',            15),
    ('PLIAGE',        'Pliage',               'Pliage sur presse plieuse',                 'PLIAGE',             20),
    ('PERCAGE',       'Perçage',              'Perçage et taraudage',                      'USINAGE',            15),
    ('SOUDAGE-MAG',   'Soudage MIG/MAG',      'Soudage semi-automatique sous gaz',         'SOUDAGE',            60),
    ('SOUDAGE-TIG',   'Soudage TIG',          'Soudage TIG (inox, aluminium)',             'SOUDAGE',            90),
    ('GALVANISATION', 'Galvanisation',        'Galvanisation à chaud (sous-traitée)',      'TRAITEMENT_SURFACE', 1440),
    ('CONTROLE-DIM',  'Contrôle dimensionnel', 'Contrôle des cotes avant expédition',      'CONTROLE',           20)
on conflict do nothing;

-- Shared quality standards -----------------------------------------------------------------------

insert into shared_quality_standards (code, name, description, reference, title, scope) values
    ('EN-10025-2', 'EN 10025-2', 'Conditions techniques de livraison des aciers de construction non alliés',
     'EN 10025-2', 'Produits laminés à chaud en aciers de construction - Partie 2 : aciers non alliés', 'Matériaux'),
    ('EN-1090-2', 'EN 1090-2', 'Exigences techniques pour l''exécution des structures en acier (classes d''exécution EXC1 à EXC4)',
     'EN 1090-2', 'Exécution des structures en acier et des structures en aluminium - Partie 2 : structures en acier', 'Fabrication'),
    ('ISO-9001', 'ISO 9001', 'Exigences pour un système de management de la qualité',
     'ISO 9001', 'Systèmes de management de la qualité - Exigences', 'Organisation'),
    ('EN-10088-2', 'EN 10088-2', 'Conditions techniques de livraison des tôles et bandes en acier inoxydable',
     'EN 10088-2', 'Aciers inoxydables - Partie 2 : tôles et bandes pour usage général', 'Matériaux')
on conflict do nothing;
